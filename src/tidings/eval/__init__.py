"""Scorers for public gold formats: TimeML, PETRARCH XML, brat attributions."""
