"""Talent and university–industry cooperation (issue #17): the bureau's directory of
institutions and experts, the cooperation ladder, and technical needs matched to experts."""
