"""Placeholder: filled by the council pages."""

urlpatterns = []
