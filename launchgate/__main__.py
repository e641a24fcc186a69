"""Entry point for ``python -m launchgate``."""

from launchgate.cli import main

if __name__ == "__main__":
    main()
