"""Made in Seoul: the application package. Its layers, lowest first: the core (config, database, security,
refusals, transitions, jobs, mail, storage and uploads, notifications, accounts, clusters, payments, the API
base), the feature slices (``jewelry``, ``prototypes``, ``rfq``, ``orders``, ``home``, ``admin``) and the
composition on top (``app``, ``cli``, ``demo``). The factory is :func:`market.app.create_app`."""
