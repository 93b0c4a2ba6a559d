"""Files in and out: register imports (Excel/ODS/CSV), later the submission package."""
