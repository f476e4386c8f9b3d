"""Who makes what: for every company, the chain nodes it works at, with a confidence and evidence.

`evidence` reads one company against one node (products and their revenue shares, industry, supply
links; names and generic heads are never evidence), `model` turns what it found into a confidence,
`compute` finds each node's candidates and scores them, `store` holds the result beside the indexes
(persisted at each checkpoint, swapped whole when a change is applied) and `endpoints` serves it.
"""
