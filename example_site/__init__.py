"""Example county portal (嘉祥县人民政府) that installs wagtail_govdisclosure like a real site."""
