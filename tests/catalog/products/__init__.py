"""Tests of makers' product management, the image pipeline and the product page's photos."""
