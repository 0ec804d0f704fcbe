"""The exceptions newsdesk raises.

    NewsdeskError                 base; catch this to catch everything of ours
    ├── InputError                an input item cannot be read (named in the message)
    ├── StoreError                the store cannot be opened, migrated or written
    │   └── NotFoundError         an id that is not in the store
    └── ConfigError               a setting or option has an invalid value

Messages say what went wrong, with which item, and what to do about it.
Bad input items during ingest are not raised: they become :class:`newsdesk.model.Problem`
records, are reported, and are skipped so that good input is never lost.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises."""


class InputError(NewsdeskError):
    """An input item cannot be read."""


class StoreError(NewsdeskError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """An id that is not in the store."""


class ConfigError(NewsdeskError):
    """A setting or option has an invalid value."""
