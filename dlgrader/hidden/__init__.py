"""Hidden cases, one module per lesson (registered on import)."""
