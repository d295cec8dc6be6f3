"""Each membership gets its own name for the person (the name the service knows them by),
starting as the account's current name."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_account_names(apps, schema_editor):  # type: ignore[no-untyped-def]
    Membership = apps.get_model("tenancy", "Membership")
    User = apps.get_model("accounts", "User")
    Membership.objects.update(
        display_name=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("full_name")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0002_alter_membership_role"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="display_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in this service"),
        ),
        migrations.RunPython(copy_account_names, migrations.RunPython.noop),
    ]
