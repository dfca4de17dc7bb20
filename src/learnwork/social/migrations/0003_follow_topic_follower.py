import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_followers(apps, schema_editor):
    follow = apps.get_model("social", "Follow")
    topic = apps.get_model("social", "FollowTopic")
    topic.objects.update(follower_id=Subquery(
        follow.objects.filter(pk=OuterRef("follow_id")).values("follower_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("social", "0002_follow_lists"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="followtopic",
            name="follower",
            field=models.ForeignKey(editable=False, null=True,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(copy_followers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="followtopic",
            name="follower",
            field=models.ForeignKey(editable=False,
                                    on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
    ]
