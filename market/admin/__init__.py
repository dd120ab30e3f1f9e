"""Staff administration pages (exchange rates, ...)."""
