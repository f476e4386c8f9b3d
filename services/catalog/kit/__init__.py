"""Building blocks every catalog domain uses: mixins, scoped repositories, pagination, the change feed."""
