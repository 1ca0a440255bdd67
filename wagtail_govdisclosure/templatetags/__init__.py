"""Template tags of wagtail-govdisclosure (``{% load govdisclosure_tables %}``)."""
