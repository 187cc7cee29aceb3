"""Running a batch: `runner.run_all` extracts, validates and runs the notebooks through papermill in warm kernels
(`kernels`, the papermill engine `chitieu-warm` in `engine`), and records what each report was made from
(`manifest`).

May import every earlier stage; only `cli` imports it."""
