"""Following the loop in public: the outcomes page, printable reports and data exports."""
