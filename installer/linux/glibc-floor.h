/* Force-included (-include) into every C file of the Python and SQLite that go into the Linux
 * bundle (installer/build-linux-release).
 *
 * glibc 2.29 gave exp, log, pow, exp2 and log2 new symbol versions (faster code, no SVID error
 * handling). A program compiled against 2.29 or newer asks for exp@GLIBC_2.29 and will not start
 * on an older system, though every glibc still has the old entry points: the same functions
 * behind a wrapper that also sets errno on overflow, as Python expects. Binding the calls to the
 * original versions keeps the bundle's glibc floor at 2.28 (Debian 10, 统信UOS V20, 银河麒麟 V10).
 * installer/build-linux measures the floor afterwards, so a newer symbol that slips in shows. */
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver exp,exp@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
__asm__(".symver exp2,exp2@GLIBC_2.17");
__asm__(".symver log2,log2@GLIBC_2.17");
#endif
