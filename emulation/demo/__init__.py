"""Demo data of the emulation app, one module per area, called by `seed_demo` after units and staff."""
