use rand::{RngExt, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
fn main() {
    let base = ChaCha8Rng::seed_from_u64(1);
    let mut r = base.clone(); r.set_stream(3);
    let n = 1_000_000;
    let v: Vec<f64> = (0..n).map(|_| r.random::<f64>()).collect();
    let mean = v.iter().sum::<f64>() / n as f64;
    let mut bins = [0u32; 100]; for x in &v { bins[(x*100.0) as usize] += 1; }
    let e = n as f64 / 100.0; let chi: f64 = bins.iter().map(|&b| (b as f64 - e).powi(2)/e).sum();
    let lag = |k: usize| { let m = mean; let num: f64 = (0..n-k).map(|i| (v[i]-m)*(v[i+k]-m)).sum(); let den: f64 = v.iter().map(|x| (x-m).powi(2)).sum(); num/den };
    println!("mean={mean:.4} chi2(99)={chi:.1} lag1={:.4} lag3={:.4}", lag(1), lag(3));
    let mut r2 = base.clone(); r2.set_stream(3);
    let w: Vec<u64> = (0..8).map(|_| r2.next_u64()).collect();
    println!("{:x?}", w);
}
