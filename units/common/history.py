"""Who made a change: django-simple-history records the user set on the instance before `save()`."""


def attach_user(instance, by) -> None:
    """Record `by` as the author of the next history row of `instance` (anonymous or no user: none)."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
