"""launchgate: a pre-deploy and post-deploy gate for web products."""

__version__ = "0.1.0"
