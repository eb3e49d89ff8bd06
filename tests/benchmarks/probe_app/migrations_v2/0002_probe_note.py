from django.db import migrations, models


class Migration(migrations.Migration):
    """The "one new trivial migration" of the migrations benchmark: a nullable column."""

    dependencies = [("probe_app", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="probe", name="note", field=models.TextField(null=True, blank=True)
        ),
    ]
