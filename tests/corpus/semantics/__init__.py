"""Code whose eager and graph behaviour may differ, one theme per module (issue 10's classes)."""
