from django.db import models


class Probe(models.Model):
    name = models.CharField(max_length=50)
    # migrations_v2/0002 (PLEIN_BENCH_PROBE_V2=1) adds a nullable `note` column; it is left
    # out here on purpose, so the model works with either migration state.

    def __str__(self) -> str:
        return self.name
