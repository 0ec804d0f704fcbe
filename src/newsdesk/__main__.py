"""``python -m newsdesk``: the same as the ``newsdesk`` command."""

from newsdesk.cli import main

if __name__ == "__main__":  # worker processes import this module too: they must not run it
    main()
