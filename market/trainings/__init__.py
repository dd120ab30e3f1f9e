"""Trainings by trade: courses and their sessions, enrolment with a waitlist, attendance by the trainer,
completion (attendance of at least 80% and a practical check) with a certificate verifiable at ``/verify``,
follow-ups 3 and 6 months later, and the counter toward the city's 7,000 trained by 2027."""
