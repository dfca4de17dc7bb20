"""Name the site Learnwork (allauth puts the name in email subjects), with the configured host."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    site, _ = Site.objects.get_or_create(pk=settings.SITE_ID,
                                         defaults={"domain": domain, "name": "Learnwork"})
    if site.domain == "example.com":
        site.domain = domain
        site.name = "Learnwork"
        site.save(update_fields=["domain", "name"])


class Migration(migrations.Migration):
    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
