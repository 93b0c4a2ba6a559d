"""Hộp hồ sơ các đơn vị (the Inspectorate's role): the page (page.py) and the panel of the
nominee chosen in its table (detail.py)."""
