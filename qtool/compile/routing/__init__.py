"""Placement and routing onto a device's coupling graph (SABRE)."""
