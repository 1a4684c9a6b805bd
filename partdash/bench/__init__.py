"""The benchmark behind ``make bench``: page times under AppTest, load times, memory and browser
draw times. A tool for developers; nothing in the app imports it."""
