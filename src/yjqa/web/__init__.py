"""The yjqa web application: a Django shell over the core."""
