"""The JSON API (`/api/v1`): reads are public while public reading is on; writes need a token."""
