"""Modal forms for editing records."""
