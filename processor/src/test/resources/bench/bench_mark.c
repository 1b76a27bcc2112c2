/* The marker whose address the instruction-count benchmark finds in QEMU's exec log; a separate, never-inlined
 * function so that every call really executes it. */
void __attribute__((noinline)) j2cmsis_bench_mark(void)
{
    __asm volatile("" ::: "memory");
}
