"""Pages of the emulation app, one module per area; each module defines its own `urlpatterns`."""
