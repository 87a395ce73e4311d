// Demo: builds a demo log database from Fixtures/.
