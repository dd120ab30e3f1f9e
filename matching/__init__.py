"""Technology matching: profiles, listings, embeddings, vector index, hybrid ranking and introductions."""
