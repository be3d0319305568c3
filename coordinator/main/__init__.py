"""The site around the areas: the home page, error pages, request hooks and what every template can use."""
