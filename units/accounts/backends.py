"""Django's model permissions, for the admin site's staff only.

The application's authority comes from the roles (`rules`, `units.scope`); Django's model permissions (the
"Permissions" and "Groups" of the admin site) serve the admin site, which only staff accounts open. Django's own
`ModelBackend` would read them for everybody: two queries on every page (the menu asks about a few permissions
with no object), and a permission ticked in the admin site for a clerk (`units.add_unit`, `reports.add_report`:
names the rules use too) would add to what his roles allow. This backend answers them for staff accounts only;
an administrator is a superuser, whom Django grants everything before asking a backend.
"""

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """`ModelBackend` whose permissions (the user's own and his groups') count for staff accounts only; for the
    others none, without a query (`ModelBackend.get_all_permissions` unites these two and caches the union).
    Sign-in (`authenticate`) is `ModelBackend`'s."""

    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if user_obj.is_staff else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if user_obj.is_staff else set()
