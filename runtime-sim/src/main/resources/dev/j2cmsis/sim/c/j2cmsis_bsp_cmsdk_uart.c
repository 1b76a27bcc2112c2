/*
 * j2cmsis serial board support for Arm's CMSDK APB UART (ARM DDI 0479C, "Cortex-M System Design Kit"), as on
 * the MPS2 FPGA images and QEMU's mps2-an385 (Cortex-M3) and mps2-an386 (Cortex-M4), UART0 at 0x40004000.
 * Compiled to nothing unless J2CMSIS_BSP_CMSDK_UART is defined, so it can sit in a build beside your own BSP.
 * Polling only: the protocol is stop-and-wait, and CMSDK's UART holds one received byte, so a host that waits
 * for each answer never overruns it. Override J2CMSIS_BSP_CMSDK_UART_BASE for UART1..4 (0x40005000...), and
 * J2CMSIS_BSP_CMSDK_UART_BAUDDIV for the baud rate: the APB clock divided by the rate, at least 16
 * (MPS2: 25 MHz / 115200 = 217; QEMU ignores the rate).
 *
 * J2CMSIS_BSP_CMSDK_UART_WFI sleeps (WFI) while no byte has arrived instead of spinning, which saves power on a
 * board and a host core under QEMU. It masks interrupts (PRIMASK) for good: a pending, enabled UART RX interrupt
 * then wakes WFI without being taken, so no handler is needed. Set J2CMSIS_BSP_CMSDK_UART_RX_IRQ to the UART's
 * RX interrupt number (MPS2 AN385/AN386: UART0 0, UART1 2, UART2 4).
 */
#if defined(J2CMSIS_BSP_CMSDK_UART)
#include "j2cmsis_serial.h"

#ifndef J2CMSIS_BSP_CMSDK_UART_BASE
#define J2CMSIS_BSP_CMSDK_UART_BASE 0x40004000u
#endif
#ifndef J2CMSIS_BSP_CMSDK_UART_BAUDDIV
#define J2CMSIS_BSP_CMSDK_UART_BAUDDIV 217u
#endif

#define UART_REG(offset) (*(volatile uint32_t *)(J2CMSIS_BSP_CMSDK_UART_BASE + (offset)))
#define UART_DATA UART_REG(0x000u)
#define UART_STATE UART_REG(0x004u) /* bit 0: TX buffer full, bit 1: RX buffer full, 2/3: TX/RX overrun */
#define UART_CTRL UART_REG(0x008u)  /* bit 0: TX enable, bit 1: RX enable */
#define UART_INTCLEAR UART_REG(0x00Cu) /* write 1 to clear: bit 0 TX, bit 1 RX */
#define UART_BAUDDIV UART_REG(0x010u)

#define UART_STATE_TX_FULL 0x1u
#define UART_STATE_RX_FULL 0x2u
#define UART_STATE_OVERRUNS 0xCu
#define UART_CTRL_RX_INT 0x8u

#if defined(J2CMSIS_BSP_CMSDK_UART_WFI)
#ifndef J2CMSIS_BSP_CMSDK_UART_RX_IRQ
#define J2CMSIS_BSP_CMSDK_UART_RX_IRQ 0
#endif
#define NVIC_ISER0 (*(volatile uint32_t *)0xE000E100u)
#define NVIC_ICPR0 (*(volatile uint32_t *)0xE000E280u)
#define RX_IRQ_BIT (1u << (J2CMSIS_BSP_CMSDK_UART_RX_IRQ))
#endif

void j2cmsis_bsp_init(void)
{
    UART_CTRL = 0;
    UART_BAUDDIV = J2CMSIS_BSP_CMSDK_UART_BAUDDIV;
    UART_STATE = UART_STATE_OVERRUNS; /* write-one-to-clear: forget overruns from before the reset */
#if defined(J2CMSIS_BSP_CMSDK_UART_WFI)
    __asm__ volatile("cpsid i" ::: "memory");
    UART_INTCLEAR = 0x3u;
    UART_CTRL = 0x3u | UART_CTRL_RX_INT;
    NVIC_ISER0 = RX_IRQ_BIT;
#else
    UART_CTRL = 0x3u;
#endif
}

void j2cmsis_bsp_put_byte(uint8_t byte)
{
    while ((UART_STATE & UART_STATE_TX_FULL) != 0) {
    }
    UART_DATA = byte;
}

uint8_t j2cmsis_bsp_get_byte(void)
{
    uint8_t byte;
    while ((UART_STATE & UART_STATE_RX_FULL) == 0) {
#if defined(J2CMSIS_BSP_CMSDK_UART_WFI)
        /* No lost wake-up: a byte arriving after the test leaves its interrupt pending, and WFI returns at once. */
        __asm__ volatile("wfi" ::: "memory");
#endif
    }
    byte = (uint8_t)UART_DATA;
#if defined(J2CMSIS_BSP_CMSDK_UART_WFI)
    UART_INTCLEAR = 0x2u;
    NVIC_ICPR0 = RX_IRQ_BIT;
#endif
    return byte;
}
#else
/* ISO C forbids an empty translation unit. */
typedef int j2cmsis_bsp_cmsdk_uart_unused;
#endif
