"""The judgement: measure and classify. Pure: no I/O, no drawing."""
