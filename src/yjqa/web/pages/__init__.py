"""The service's public pages, as a GOV.UK service has: accessibility statement, privacy notice
and help. No sign-in needed; linked from every page's footer."""
