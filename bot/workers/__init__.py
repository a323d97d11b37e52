"""Background workers: the outbox sender, the campaign planner, the coordinators' digest."""
