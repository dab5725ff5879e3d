"""SVG drawings made on the server from the data (no script needed to see them): each drawing has
a title, a description and a text equivalent on its page."""
