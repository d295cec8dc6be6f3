"""The rating rules and what surrounds them: inputs, outputs, uncertainty, moderation, agreement."""
