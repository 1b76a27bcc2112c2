/*
 * Bare-metal startup for j2cmsis test programs under QEMU with ARM semihosting, linked with newlib
 * + librdimon and one of our linker scripts: mps2.ld on mps2-an385 (Cortex-M3) and mps2-an386
 * (Cortex-M4), ARMv7-M; mps3-an547.ld on mps3-an547 (Cortex-M55), ARMv8.1-M with Helium (MVE).
 * Written for -nostartfiles: newlib's rdimon-crt0 has no vector table (a Cortex-M boots from one
 * at address 0) and places stack and heap wherever QEMU's SYS_HEAPINFO guess says, so we do its
 * few useful jobs here with a layout we chose: .data/.bss set up, stdio opened, argv fetched,
 * main's status handed to exit(). The two architectures differ only in how the read-only code and
 * the stack guard are set up (PMSAv7 vs PMSAv8 MPU, ARMv8-M's MSPLIM).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

extern int main(int argc, char **argv);
extern void initialise_monitor_handles(void); /* librdimon: opens :tt as stdin/stdout/stderr */

extern uint32_t __data_load__[], __data_start__[], __data_end__[];
extern uint32_t __bss_start__[], __bss_end__[];
extern char __StackLimit[], __StackTop[], __HeapBase[], __HeapLimit[];

/* ARM semihosting operation numbers (ARM IHI 0058 / "Semihosting for AArch32 and AArch64"). */
#define SYS_WRITE0 0x04
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* A fault ends the run with this status, like a host process killed by SIGSEGV (128 + 11). */
#define FAULT_EXIT_STATUS 139

#define MAX_ARGS 32

static int semihost(int op, void *arg)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* SYS_EXIT_EXTENDED carries the status to QEMU's own exit code; plain SYS_EXIT on AArch32 can only
 * say "success" or "failure" (QEMU maps the latter to 1). QEMU 7.2 implements the extension. */
static void __attribute__((noreturn)) semihost_exit(int status)
{
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
    for (;;) {
        semihost(SYS_EXIT_EXTENDED, block);
    }
}

/* Reached only from fault handlers, where libc state may be what is broken: no printf here. */
static void put_hex(char *dst, uint32_t value)
{
    for (int i = 7; i >= 0; i--) {
        dst[i] = "0123456789abcdef"[value & 0xfu];
        value >>= 4;
    }
}

static void __attribute__((noreturn)) report_fault(const char *name, const uint32_t *frame)
{
    uint32_t cfsr = *(volatile uint32_t *)0xE000ED28u; /* which MemManage/Bus/Usage fault */
    /* MSTKERR/STKERR: the exception frame could not be pushed (stack overflow into the guard);
     * reading it would fault again and lock the core up. ARMv8-M's STKOF (stack below MSPLIM)
     * leaves no frame either. */
    int frame_lost = (cfsr & ((1u << 4) | (1u << 12) | (1u << 20))) != 0;
    static char line[96];
    size_t n = 0;
    const char *prefix = "j2cmsis startup: ";
    while (*prefix) line[n++] = *prefix++;
    while (*name && n < 40) line[n++] = *name++;
    const char *fields[3] = {" pc=", " cfsr=", " hfsr="};
    uint32_t values[3] = {
        frame_lost ? 0u : frame[6],        /* stacked PC of the faulting instruction */
        cfsr,
        *(volatile uint32_t *)0xE000ED2Cu, /* HFSR: FORCED = escalated from a disabled handler */
    };
    for (int f = 0; f < 3; f++) {
        for (const char *p = fields[f]; *p; p++) line[n++] = *p;
        put_hex(line + n, values[f]);
        n += 8;
    }
    line[n++] = '\n';
    line[n] = '\0';
    semihost(SYS_WRITE0, line);
    semihost_exit(FAULT_EXIT_STATUS);
}

/* Naked trampolines hand the stacked exception frame (MSP or PSP, per EXC_RETURN bit 2) to C,
 * running it on a stack of its own: after a stack overflow the MSP points into the guard region. */
uint64_t j2cmsis_fault_stack[128]; /* extern: the trampolines name it in assembly */

#define FAULT_HANDLER(handler, label)                                                  \
    __attribute__((used)) static void handler##_c(const uint32_t *frame)               \
    {                                                                                  \
        report_fault(label, frame);                                                    \
    }                                                                                  \
    __attribute__((naked)) void handler(void)                                          \
    {                                                                                  \
        __asm__ volatile("tst lr, #4\n ite eq\n mrseq r0, msp\n mrsne r0, psp\n"          \
                         "ldr r1, =j2cmsis_fault_stack + 1024\n mov sp, r1\n"          \
                         "b " #handler "_c\n");                                        \
    }

FAULT_HANDLER(NMI_Handler, "NMI")
FAULT_HANDLER(HardFault_Handler, "HardFault")
FAULT_HANDLER(MemManage_Handler, "MemManage")
FAULT_HANDLER(BusFault_Handler, "BusFault")
FAULT_HANDLER(UsageFault_Handler, "UsageFault")
FAULT_HANDLER(Unexpected_Handler, "unexpected exception")

/* argv is rebuilt from SYS_GET_CMDLINE, which QEMU fills with its "-semihosting-config arg=..."
 * values joined by single spaces; arguments therefore cannot contain spaces (the Java runner
 * rejects them). */
static int parse_cmdline(char **argv)
{
    static char buffer[1024];
    struct {
        char *buf;
        int len;
    } block = {buffer, (int)sizeof(buffer) - 1};
    if (semihost(SYS_GET_CMDLINE, &block) != 0) {
        return 0;
    }
    buffer[block.len] = '\0';
    int argc = 0;
    for (char *p = buffer; *p && argc < MAX_ARGS;) {
        while (*p == ' ') *p++ = '\0';
        if (*p) argv[argc++] = p;
        while (*p && *p != ' ') p++;
    }
    argv[argc] = NULL;
    return argc;
}

/* newlib's malloc asks for memory through _sbrk. librdimon's version (weak) grows towards the
 * current SP, which would put the heap in SSRAM2/3 next to the stack; ours serves PSRAM only, so
 * heap exhaustion is an ENOMEM instead of a silently overwritten stack. */
void *_sbrk(ptrdiff_t increment)
{
    static char *heap_end = __HeapBase;
    if (increment > __HeapLimit - heap_end || increment < __HeapBase - heap_end) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *previous = heap_end;
    heap_end += increment;
    return previous;
}

#if defined(__ARM_ARCH_8M_MAIN__)
extern char __ReadOnlyStart[], __ReadOnlyEnd[];

/* ARMv8-M (PMSAv8) MPU: regions are [base, limit] pairs in 32-byte granules. QEMU models ITCM and
 * DDR as RAM, so as on the M4 the code and constants would be writable: region 0 makes the low
 * 512 MiB (both ITCM aliases, where the vector table sits and a NULL pointer points) read-only,
 * region 1 the code and .rodata in DDR. PRIVDEFENA keeps the default map elsewhere. The core runs
 * Secure (QEMU resets the SSE-300 in Secure state, SAU off), so these are the Secure MPU's. */
static void protect_armv8m(void)
{
    *(volatile uint32_t *)0xE000EDC0u = 0xFFu;                              /* MAIR0 attr 0: normal, WB */
    *(volatile uint32_t *)0xE000ED98u = 0;                                  /* MPU_RNR: region 0 */
    *(volatile uint32_t *)0xE000ED9Cu = 0x00000000u | (3u << 1);            /* RBAR: AP read-only */
    *(volatile uint32_t *)0xE000EDA0u = (0x1FFFFFFFu & ~31u) | 1u;          /* RLAR: limit, enable */
    *(volatile uint32_t *)0xE000ED98u = 1;
    *(volatile uint32_t *)0xE000ED9Cu = ((uint32_t)__ReadOnlyStart & ~31u) | (3u << 1);
    *(volatile uint32_t *)0xE000EDA0u = (((uint32_t)__ReadOnlyEnd - 1u) & ~31u) | 1u;
    *(volatile uint32_t *)0xE000ED94u = (1u << 2) | 1u;                     /* MPU_CTRL: PRIVDEFENA, ENABLE */
    /* The stack limit register replaces the M4's no-access guard region: a push below it raises a
     * UsageFault (STKOF) before memory below the stack is touched. */
    __asm__ volatile("msr msplim, %0" : : "r"(__StackLimit) : "memory");
    __asm__ volatile("dsb\n isb" ::: "memory");
}
#endif

void __attribute__((noreturn)) Reset_Handler(void)
{
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
    /* A -mfloat-abi=softfp/hard build touches the FPU, and Helium (MVE) instructions execute in the
     * same coprocessor space: both need CP10/CP11 access, which resets to "denied". First of all: gcc may turn
     * the copy loops below into FP/MVE register moves or vector code. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
#endif
    for (uint32_t *src = __data_load__, *dst = __data_start__; dst < __data_end__;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = __bss_start__; dst < __bss_end__;) {
        *dst++ = 0;
    }

    volatile uint32_t *const shcsr = (volatile uint32_t *)0xE000ED24u;
    volatile uint32_t *const ccr = (volatile uint32_t *)0xE000ED14u;
#if defined(__ARM_ARCH_8M_MAIN__)
    protect_armv8m();
#else
    /* QEMU models SSRAM1 (our code, .rodata, weights) as RAM, so a write through a NULL or wild
     * pointer would silently succeed there and corrupt the program. One MPU region makes the
     * whole 4 MiB read-only (AP=0b110, normal memory); PRIVDEFENA keeps the default map elsewhere. */
    *(volatile uint32_t *)0xE000ED98u = 0;                      /* MPU_RNR: region 0 */
    *(volatile uint32_t *)0xE000ED9Cu = 0x00000000u;            /* MPU_RBAR: base 0 */
    *(volatile uint32_t *)0xE000EDA0u = (6u << 24) | (1u << 17) /* AP read-only, C */
                                        | (21u << 1) | 1u;      /* 2^(21+1) bytes, enable */
    /* The stack grows down from the bottom of SSRAM2/3; QEMU ignores writes to the unimplemented
     * space below it. A no-access 1 MiB region there turns a stack overflow into a MemManage. */
    *(volatile uint32_t *)0xE000ED98u = 1;                      /* MPU_RNR: region 1 */
    *(volatile uint32_t *)0xE000ED9Cu = 0x1FF00000u;            /* MPU_RBAR: 1 MiB below RAM */
    *(volatile uint32_t *)0xE000EDA0u = (1u << 28) | (0u << 24) /* XN, no access */
                                        | (19u << 1) | 1u;      /* 2^(19+1) bytes, enable */
    *(volatile uint32_t *)0xE000ED94u = (1u << 2) | 1u;         /* MPU_CTRL: PRIVDEFENA, ENABLE */
#endif
    __asm__ volatile("dsb\n isb" ::: "memory");

    /* Report MemManage/Bus/Usage faults by name instead of as an escalated HardFault. */
    *shcsr |= (1u << 16) | (1u << 17) | (1u << 18);
    /* The M4 returns 0 for an integer division by zero unless DIV_0_TRP is set; a host build
     * raises SIGFPE. Trap, so that such a bug fails on both sides rather than diverging. */
    *ccr |= 1u << 4;

    initialise_monitor_handles();
    static char *argv[MAX_ARGS + 1];
    int argc = parse_cmdline(argv);
    exit(main(argc, argv)); /* exit() flushes stdio, then librdimon's _exit reports the status */
}

/* Cortex-M vector table: initial SP, then the handlers. Only the core exceptions are listed; we
 * enable no peripheral interrupt. A union, because ISO C has no conversion from the stack's
 * object pointer to a function pointer (-Wpedantic would reject the usual cast). */
typedef union {
    void *stack;
    void (*handler)(void);
} vector_entry;

__attribute__((section(".vectors"), used)) static const vector_entry vector_table[16] = {
    {.stack = __StackTop},
    {.handler = Reset_Handler},
    {.handler = NMI_Handler},
    {.handler = HardFault_Handler},
    {.handler = MemManage_Handler},
    {.handler = BusFault_Handler},
    {.handler = UsageFault_Handler},
    {.handler = Unexpected_Handler}, /* SecureFault (ARMv8-M), reserved on ARMv7-M */
    {0},
    {0},
    {0},
    {.handler = Unexpected_Handler}, /* SVCall */
    {.handler = Unexpected_Handler}, /* DebugMonitor */
    {0},
    {.handler = Unexpected_Handler}, /* PendSV */
    {.handler = Unexpected_Handler}, /* SysTick */
};
