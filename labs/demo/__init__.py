"""The five seed events as labs, challenges and workshops (manage.py loaddemo_events).

The reviewed data is in events.py, the builder in builder.py; the people
and organisations come from the demo directory (directory/demo).
"""
