"""Objective evaluation (客观评价) of parks: indicators per chain and per future-industry track, set
beside each park's peers (docs/evaluation.md)."""
