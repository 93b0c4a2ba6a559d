"""Hồ sơ: the page (page.py) and its panels — the build (build_box), the preview of the built
documents (preview_box), the signed scans (scans_box) and the sending to the Inspectorate
(send_box)."""
