"""The council's answer to a submitted summary: the inbox, the response and progress updates."""
