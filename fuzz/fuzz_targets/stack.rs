//! Stack overflows as crashes libFuzzer records.
//!
//! Without a sanitizer nothing gives libFuzzer's SIGSEGV handler a stack of
//! its own, so an overflow (unbounded recursion) kills the process before it
//! writes the input down. This puts a handler on an alternate stack first;
//! libFuzzer chains to it, and it aborts, which libFuzzer reports as a crash
//! with the input saved. Covers the fuzzing thread, where the targets run.

/// Call once from the target's `init`, before libFuzzer sets its handlers.
pub fn report_overflows() {
    const SIZE: usize = 1 << 20;
    let stack: &'static mut [u8] = Box::leak(vec![0u8; SIZE].into_boxed_slice());
    // SAFETY: the alternate stack lives for the whole process, and the
    // handler only calls async-signal-safe functions.
    unsafe {
        let alternate = libc::stack_t {
            ss_sp: stack.as_mut_ptr().cast(),
            ss_flags: 0,
            ss_size: SIZE,
        };
        libc::sigaltstack(&alternate, std::ptr::null_mut());
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_segv as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut());
    }
}

extern "C" fn on_segv(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let message = b"\n==fuzz== SIGSEGV, most likely a stack overflow (unbounded recursion)\n";
    // SAFETY: write(2) and abort(3) are async-signal-safe.
    unsafe {
        libc::write(2, message.as_ptr().cast(), message.len());
        libc::abort();
    }
}
