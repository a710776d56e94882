from django.core.management.base import BaseCommand

from ondersteuning.services.uitnodigingen import herinneringen_versturen


class Command(BaseCommand):
    help = (
        "Queue the reminder e-mail for every OT meeting of tomorrow. Safe to run as often as you like (cron or a "
        "systemd timer): each meeting is reminded once; `manage.py db_worker` sends the mails."
    )

    def handle(self, *args, **options):
        aantal = herinneringen_versturen()
        self.stdout.write(f"Reminders queued for {aantal} meeting(s).")
