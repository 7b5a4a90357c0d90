"""Users and groups in the admin: only a superuser hands out power.

Django's own UserAdmin lets anyone with `auth.change_user` tick `is_superuser`, give themselves any
permission (`common.change_all_books` included), or set the password of a superuser and sign in
as them. Here, for a user who is not a superuser:

- staff status, superuser status, groups and permissions are read-only;
- users who hold any of those (staff, superusers, users with a group or a permission) are
  read-only, their password included: taking over such an account would be the same escalation;
- groups are read-only: adding a permission to one's own group is granting it.

A member of staff with `auth.change_user` still creates users and edits the plain accounts of
company members (name, e-mail, password, active).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

POWER_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def holds_power(user: User) -> bool:
    """Whether `user` has more than a company member's plain account."""
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.exists() or user.user_permissions.exists()


class PyledgerUserAdmin(UserAdmin[Any]):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + POWER_FIELDS

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not request.user.is_superuser and holds_power(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not request.user.is_superuser and holds_power(obj):
            return False
        return super().has_delete_permission(request, obj)


class PyledgerGroupAdmin(GroupAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, PyledgerUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, PyledgerGroupAdmin)
