"""Pages of the emulation app, one module per area; their URLs are in `emulation/urls.py`."""
